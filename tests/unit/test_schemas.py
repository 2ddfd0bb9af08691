"""The scheming YAML files: every translated text is exactly {id, en}.

A comma inside an unquoted YAML flow mapping (``{id: A, B, en: C}``) silently splits a label
into a key ``B``; CKAN then shows half the label and RDF output breaks on the bogus
"language tag". This guards every label, help text, placeholder and choice label."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

SCHEMAS = Path(__file__).resolve().parents[2] / "ckanext-pekalongan/ckanext/pekalongan/schemas"
TEXT_KEYS = ("label", "help_text", "form_placeholder", "required_message")


def _texts(schema: dict):
    for group in ("dataset_fields", "resource_fields", "fields"):
        for field in schema.get(group) or []:
            for key in TEXT_KEYS:
                if isinstance(field.get(key), dict):
                    yield f"{field['field_name']}.{key}", field[key]
            for choice in field.get("choices") or []:
                if isinstance(choice.get("label"), dict):
                    yield f"{field['field_name']}={choice['value']}", choice["label"]


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_translated_text_has_exactly_id_and_en(path):
    texts = list(_texts(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert texts, f"{path.name}: no translated texts found"
    bad = {where: text for where, text in texts
           if set(text) != {"id", "en"} or not all(isinstance(v, str) and v for v in
                                                   text.values())}
    assert not bad, bad
