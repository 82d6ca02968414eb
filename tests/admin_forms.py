"""What admin change forms post: built from a review, or read back from the loaded form."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests import factories


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


class ChangeForm(HTMLParser):
    """What a browser would post back from the admin's change form, as loaded."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image"}:
                self.data.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            (name, multiple), options = self.select, self.options
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self.data.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def load_form(client, obj, url=None, form_id=None) -> dict:
    response = client.get(url or change_url(obj))
    assert response.status_code == 200
    parser = ChangeForm(form_id or f"{obj._meta.model_name}_form")
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    assert data.get("loaded_version", [""])[0], "the change form carries the loaded version"
    return data


def named_editor(username, first_name, last_name) -> Client:
    user = get_user_model().objects.create_superuser(
        username=username, email=f"{username}@example.com", password="a-long-test-password"
    )
    user.first_name, user.last_name = first_name, last_name
    user.save()
    client = Client()
    client.force_login(user)
    return client


# The admin forms that take an image upload: form name -> (admin URL name, field, object).
ADMIN_FORMS = {
    "film poster": ("films_film", "poster", lambda: factories.film()),
    "person photo": ("films_person", "photo", lambda: factories.person()),
    "critic photo": ("critics_critic", "photo", lambda: factories.critic()),
}


def change_form_data(client, url) -> dict:
    """What the change form posts unchanged: its fields' values and empty inlines."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []) or hasattr(value, "url"):
            continue
        if isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value if isinstance(value, list) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {
            f"{management.prefix}-{name}": management[name].value() for name in management.fields
        }
        data[f"{management.prefix}-TOTAL_FORMS"] = data[f"{management.prefix}-INITIAL_FORMS"]
    return data
