"""A reader's journeys through the public site in a real browser."""

from tests.browser.conftest import screenshot


def test_home_to_film_consensus_to_review(site, page):
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("Film reviews")
    screenshot(page, "home")

    page.get_by_role("link", name="La La Land", exact=True).first.click()
    page.wait_for_url("**/films/la-la-land/")
    summary = page.locator(".consensus-summary")
    assert summary.locator(".score-badge").text_content().startswith("100% positive")
    assert "Overwhelmingly positive" in summary.inner_text()
    assert "100% of 4 reviews with a verdict" in page.locator("section.consensus").inner_text()
    assert page.locator(".review-card").count() == 4
    screenshot(page, "film")

    summary.locator(".statement a").first.click()
    page.wait_for_url("**/reviews/*/")
    assert page.locator(".review-body p").count() > 1
    assert "The consensus on La La Land" in page.inner_text("body")
    screenshot(page, "review")


def test_search_from_the_header(site, page):
    page.goto(site + "/")
    page.get_by_role("searchbox").fill("Emma Stone")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=Emma+Stone")
    assert page.get_by_role("heading", name="People (1)").is_visible()
    page.get_by_role("link", name="Emma Stone").click()
    assert "La La Land" in page.locator(".filmography").inner_text()
    screenshot(page, "search-person")


def test_films_filter_by_tag_and_sort(site, page):
    page.goto(site + "/films/")
    assert page.locator(".film-card").count() == 2
    page.get_by_label("Genre or tag").select_option("musical")
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url("**/films/?tag=musical*")
    titles = page.locator(".film-card-title").all_inner_texts()
    assert titles == ["La La Land"]
    screenshot(page, "films-filtered")


def test_small_screens_do_not_scroll_sideways(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, color_scheme="dark")
    page = context.new_page()
    for path in ("/", "/films/", "/reviews/1/", "/critics/james-porter/", "/films/la-la-land/"):
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at 360px"
    screenshot(page, "film-360-dark")
    context.close()


def test_a_phone_s_first_screen_answers_what_critics_think(site, page):
    # An iPhone 12-14 sized screen: title, art, badge with its label and basis, and the
    # statement, before any scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/films/la-la-land/")
    for selector in ("h1", ".film-hero .poster", ".score-badge", ".consensus-label", ".statement"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, selector
    screenshot(page, "film-first-screen-390")
