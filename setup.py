import re
from pathlib import Path

from setuptools import find_namespace_packages, setup

setup(
    name="saleor-stepmail",
    version=re.search(
        r'__version__ = "([^"]+)"', Path("saleor_stepmail/__init__.py").read_text()
    ).group(1),
    description="Step mail (scheduled follow-up sequences) for Saleor, as a plugin.",
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.12",
    packages=find_namespace_packages(include=["saleor_stepmail", "saleor_stepmail.*"]),
    include_package_data=True,
    package_data={"saleor_stepmail": ["templates/**/*", "graphql/*.graphql", "static/**/*"]},
    # Ranges, not pins: the package installs into a Saleor environment (3.22 and 3.23)
    # and must leave Saleor's own pins untouched (`pip check` stays clean).
    install_requires=[
        "Django>=5.2,<5.3",
        # kombu 5.6+ needs redis-py 6, which Saleor 3.22 and 3.23 do not have (they pin redis 5).
        "celery>=5.5,<5.6",
        "redis>=5,<6",
        "psycopg>=3.2,<4",
        "django-anymail>=13,<16",
        # Saleor's own GraphQL stack: the plugin's API must not move its pins.
        "graphene>=2.1.9,<3",
        "graphene-django>=2.16,<3",
    ],
    extras_require={
        "dev": [
            "psycopg[binary]>=3.2,<4",
            "pytest>=8,<9",
            "pytest-django>=4.11",
            "hypothesis>=6",
            "ruff>=0.6",
            "django-post-office>=3.9",
            # Browser tests of the operator page, with the system's Chromium (scripts/browser).
            "selenium>=4.20",
        ],
    },
    entry_points={
        "saleor.plugins": [
            "saleor_stepmail = saleor_stepmail.plugin:StepMailPlugin",
        ],
    },
)
