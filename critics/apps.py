from django.apps import AppConfig


class CriticsConfig(AppConfig):
    name = "critics"
    verbose_name = "Critics and reviews"
