"""The rendered configuration: var/<site>.ini of every site from config/ckan.ini.in, with
its database, Solr core, Redis db, storage, secrets and SMS daemon."""
from __future__ import annotations

from stacklib.base import (
    HOST,
    PG_PORT,
    PLUGINS,
    REDIS_PORT,
    ROOT,
    SITES,
    SMTP_PORT,
    SOLR_PORT,
    SYSADMIN_NAME,
    VAR,
    secrets_env,
)
from stacklib.smsd import render_smsd_config, smsd_database_url, smsd_dir

# --------------------------------------------------------------------------- configuration

def render_config() -> None:
    s = secrets_env()
    template = (ROOT / "config" / "ckan.ini.in").read_text()
    for name, (ini, db, redis_db, core, storage, url) in SITES.items():
        values = {
            "SITE_ID": f"pekalongan-{name}",
            "SITE_URL": url,
            "SECRET_KEY": s["SECRET_KEY"],
            "JWT_SECRET": s["JWT_SECRET"],
            "SQLALCHEMY_URL": f"postgresql://ckan:{s['PG_CKAN_PASSWORD']}@{HOST}:{PG_PORT}/{db}",
            "DATASTORE_WRITE_URL":
                f"postgresql://ckan:{s['PG_CKAN_PASSWORD']}@{HOST}:{PG_PORT}/{db}_datastore",
            "DATASTORE_READ_URL": f"postgresql://datastore_ro:{s['PG_DATASTORE_RO_PASSWORD']}"
                                  f"@{HOST}:{PG_PORT}/{db}_datastore",
            "SOLR_URL": f"http://{HOST}:{SOLR_PORT}/solr/{core}",
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{redis_db}",
            "REDIS_PORT": str(REDIS_PORT),
            "REDIS_DB": str(redis_db),
            "STORAGE_PATH": str(VAR / storage),
            "PLUGINS": PLUGINS,
            "SMTP_SERVER": f"{HOST}:{SMTP_PORT}",
            "SYSADMIN_NAME": SYSADMIN_NAME,
            "PERSONAL_DATA_KEYS": s["PERSONAL_DATA_KEYS"],
            "PERSONAL_DATA_HASH_KEY": s["PERSONAL_DATA_HASH_KEY"],
            # the SMS center: Gammu's database and (dev, tests) its dummy phone directory
            "SMSD_DATABASE_URL": smsd_database_url(name),
            "SMSD_DUMMY_DEVICE": str(smsd_dir(name) / "phone"),
            "LOG_LEVEL": "INFO" if name == "dev" else "WARNING",
            "XLOADER_TOKEN_LINE": (f"ckanext.xloader.api_token = {s['XLOADER_TOKEN']}"
                                   if name == "dev" and s.get("XLOADER_TOKEN") else
                                   "# ckanext.xloader.api_token: set once the sysadmin exists"),
        }
        text = template
        for k, v in values.items():
            text = text.replace(f"@{k}@", v)
        (VAR / storage).mkdir(parents=True, exist_ok=True)
        render_smsd_config(name)
        target = VAR / ini
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            target.chmod(0o600)
