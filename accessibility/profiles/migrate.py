"""``python -m accessibility.profiles.migrate``: bring the profile database to the newest schema.

For deployments that migrate as a separate step (``MODU_PROFILES__MIGRATE_ON_STARTUP=false``),
e.g. before starting several service replicas on one PostgreSQL database. Reads the same
``MODU_PROFILES__…`` settings as the service.
"""

from __future__ import annotations

import argparse

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from accessibility.profiles.database import database_url, describe_url, upgrade_to_head
from accessibility.profiles.settings import ProfileSettings


class ProfilesFromEnvironment(BaseSettings):
    """The ``MODU_PROFILES__…`` group alone, read as :class:`service.settings.Settings` reads it
    (prefix ``MODU_``, ``__`` between levels): this command sits below the service and does not
    import it. Other ``MODU_…`` variables are the service's business, so they are ignored."""

    model_config = SettingsConfigDict(env_prefix="MODU_", env_nested_delimiter="__", extra="ignore")

    profiles: ProfileSettings = Field(default_factory=ProfileSettings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m accessibility.profiles.migrate",
        description="Migrate the profile database to the newest schema (Alembic upgrade head).",
    )
    parser.add_argument(
        "--url",
        help="an SQLAlchemy async URL; default: from MODU_PROFILES__DATABASE_URL / SQLITE_PATH",
    )
    args = parser.parse_args(argv)
    url: str = args.url or database_url(ProfilesFromEnvironment().profiles)
    upgrade_to_head(url)
    print(f"profile database at the newest schema: {describe_url(url)}")


if __name__ == "__main__":
    main()
