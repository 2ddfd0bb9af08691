"""WSGI entry point for gunicorn: ``gunicorn --chdir config wsgi:application``.

The ini file comes from the ``CKAN_INI`` environment variable.
"""
import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

_ini = os.environ["CKAN_INI"]
fileConfig(_ini, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(_ini).get_config())
