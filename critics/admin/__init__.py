from critics.admin import consensus, content  # noqa: F401  (registers the admin classes)
