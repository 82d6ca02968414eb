"""What the review change form posts, built from a review (tests override what they change)."""


def review_form_data(review, **changes) -> dict:
    publish_at = review.publish_at
    data = {
        "film": review.film_id,
        "critic": review.critic_id,
        "publication": review.publication_id or "",
        "headline": review.headline,
        "tags": "",
        "body": review.body,
        "pull_quote": review.pull_quote,
        "original_url": review.original_url,
        "published_on": review.published_on.isoformat() if review.published_on else "",
        "rating": review.rating,
        "verdict": review.verdict or "",
        "verdict_note": review.verdict_note,
        "editor_feedback": review.editor_feedback,
        "publish_at_0": publish_at.strftime("%Y-%m-%d") if publish_at else "",
        "publish_at_1": publish_at.strftime("%H:%M:%S") if publish_at else "",
    }
    if review.is_unsigned:
        data["is_unsigned"] = "on"
    data.update(changes)
    return data
