from critics.admin import consensus, content, people  # noqa: F401  (registers the admin classes)
