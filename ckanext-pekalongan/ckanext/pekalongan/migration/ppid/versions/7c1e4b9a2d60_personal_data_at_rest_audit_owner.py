"""personal data at rest, audit owner

Revision ID: 7c1e4b9a2d60
Revises: a5ed13f7a3bb
Create Date: 2026-12-06 05:00:00

* Encrypts the requesters' personal fields of every existing ``ppid_request``
  row (name, NIK, deed number, address, phone, e-mail) with the first key of
  ``ckanext.pekalongan.personal_data.keys`` (rows already encrypted are left
  alone) and fills the keyed look-up hashes ``nik_hash``, ``phone_hash``,
  ``email_hash`` (``ckanext.pekalongan.personal_data.hash_key``).
* Adds ``personal_data_erased_at`` (retention, ``ckan ppid purge-personal-data``).
* Hands the audit trail to its owner role: calls
  ``public.pekalongan_seal_audit_tables()`` when the database has it (installed
  by the superuser from ``migration/ppid/audit_owner.sql``; config/stack.py and
  docker/postgres/initdb.sh do that), so ``ppid_event`` is sealed the moment
  ``ckan db upgrade`` finishes. A database without it keeps working, unsealed,
  with a warning. Later migrations cannot ALTER ``ppid_event`` as the web role:
  the superuser runs ``SELECT public.pekalongan_unseal_audit_tables('ckan')``
  first, and the seal after.
"""
import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e4b9a2d60"
down_revision = "a5ed13f7a3bb"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

ENCRYPTED = ("name", "nik", "legal_entity_decree", "address", "phone", "email")
HASHED = ("nik", "phone", "email")
TZ = sa.types.DateTime(timezone=True)


def _keys():
    import ckan.plugins.toolkit as tk

    from ckanext.pekalongan.casework import personal_data as pd

    box = pd.multifernet(pd.parse_keys(tk.config.get("ckanext.pekalongan.personal_data.keys")))
    hkey = pd.parse_hash_key(tk.config.get("ckanext.pekalongan.personal_data.hash_key"))
    return pd, box, hkey


def seal(bind) -> None:
    has = bind.execute(
        sa.text("SELECT to_regprocedure('public.pekalongan_seal_audit_tables()') IS NOT NULL")
    ).scalar()
    if has:
        bind.execute(sa.text("SELECT public.pekalongan_seal_audit_tables()"))
    else:
        log.warning(
            "ppid_event is owned by the web role: run migration/ppid/audit_owner.sql as the "
            "PostgreSQL superuser (config/stack.py and docker/postgres/initdb.sh do)"
        )


def upgrade():
    for kind in HASHED:
        op.add_column("ppid_request", sa.Column(f"{kind}_hash", sa.types.UnicodeText))
        op.create_index(f"ix_ppid_request_{kind}_hash", "ppid_request", [f"{kind}_hash"])
    op.add_column("ppid_request", sa.Column("personal_data_erased_at", TZ))

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, {', '.join(ENCRYPTED)} FROM ppid_request ORDER BY id")
    ).mappings().all()
    if rows:
        pd, box, hkey = _keys()  # no keys configured: fails here, nothing half-done
        for row in rows:
            clear = {}
            values = {"id": row["id"]}
            for f in ENCRYPTED:
                v = row[f]
                if v is None or pd.is_token(box, v):
                    clear[f] = None if v is None else pd.decrypt(box, v)
                    values[f] = v
                else:
                    clear[f] = v
                    values[f] = pd.encrypt(box, v)
            for kind in HASHED:
                values[f"{kind}_hash"] = pd.hash_of(hkey, kind, clear[kind])
            sets = ", ".join(f"{k} = :{k}" for k in values if k != "id")
            bind.execute(sa.text(f"UPDATE ppid_request SET {sets} WHERE id = :id"), values)
    seal(bind)


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, {', '.join(ENCRYPTED)} FROM ppid_request")
    ).mappings().all()
    if rows:
        pd, box, _ = _keys()
        for row in rows:
            values = {"id": row["id"]}
            for f in ENCRYPTED:
                v = row[f]
                values[f] = pd.decrypt(box, v) if v is not None and pd.is_token(box, v) else v
            sets = ", ".join(f"{k} = :{k}" for k in values if k != "id")
            bind.execute(sa.text(f"UPDATE ppid_request SET {sets} WHERE id = :id"), values)
    op.drop_column("ppid_request", "personal_data_erased_at")
    for kind in HASHED:
        op.drop_index(f"ix_ppid_request_{kind}_hash", "ppid_request")
        op.drop_column("ppid_request", f"{kind}_hash")
