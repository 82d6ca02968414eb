import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from critics.models import Critic
from critics.roles import CRITIC_GROUP, EDITOR_GROUP, setup_roles

DEMO_CRITIC_SLUG = "james-porter"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo editor, and a demo critic login for James Porter, "
        "for local development, and print both logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--critic-username", default="critic")

    def handle(self, *args, username, critic_username, **options):
        if not settings.DEBUG:
            raise CommandError("The demo logins are for local development only (DJANGO_DEBUG=1).")
        setup_roles()
        admin_url = reverse("admin:index")
        password = self.reset_login(username, EDITOR_GROUP)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor: log in at {admin_url} as {username!r} with password {password!r}"
            )
        )
        critic = Critic.objects.filter(slug=DEMO_CRITIC_SLUG).first()
        if critic is None:
            self.stdout.write(
                "No James Porter in the catalogue (load the seed data): no demo critic."
            )
            return
        password = self.reset_login(critic_username, CRITIC_GROUP)
        user = get_user_model().objects.get(username=critic_username)
        Critic.objects.filter(user=user).exclude(pk=critic.pk).update(user=None)
        critic.user = user
        critic.save(update_fields=["user", "updated_at"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo critic ({critic.name}): log in at {admin_url} as {critic_username!r} "
                f"with password {password!r}"
            )
        )

    def reset_login(self, username: str, role: str) -> str:
        # A fresh random password each time: nothing guessable ever exists, even on a laptop.
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.is_superuser = False  # the role's permissions, exactly as a real account has
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return password
