import os

import pytest

from .stack import Stack


@pytest.fixture(scope="module")
def fresh_database_url():
    """A new PostgreSQL database beside the configured one (its name + _stack_<pid>),
    dropped afterwards."""
    import environ
    import psycopg2

    url = os.environ["DATABASE_URL"]
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_stack_{os.getpid()}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fresh_database_url):
    running = Stack(tmp_path_factory.mktemp("stack"), fresh_database_url)
    try:
        running.up()
        yield running
    finally:
        running.stop_all()
