"""Capaian Pembangunan from CKAN: the tables of an indicator dataset, its cached card and
charts, the words of the card, and the share pictures.

An indicator dataset (``indikator_capaian``) has uploaded CSV resources:

* the data: the first CSV with the ``tahun`` column and the value column
  ``indikator_kolom_nilai``;
* its targets (RPJMD/RKPD): a CSV with the columns ``tahun,target`` and optionally ``arah``
  (``naik``: higher is better, ``turun``: lower is better);
* its comparison with Central Java's regencies and cities: a CSV with the columns
  ``kode_wilayah,tahun,nilai`` (Kemendagri codes, ``data/jateng_kabkota.csv``).

A resource whose extra ``indikator_peran`` says ``target`` or ``perbandingan`` is read as
that table whatever its columns, so a table with a misspelt column gets a note instead of
being ignored.

Caches (no vl-convert on a request that hits them): the card with its chart SVGs in Redis
under a key holding the dataset's ``metadata_modified`` (every resource or dataset update
changes it, so nothing needs to be invalidated by hand); the share PNGs as files under
``ckan.storage_path``/``pekalongan/share``, named by the same version.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import glob
import hashlib
import io
import json
import logging
import os
import threading
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.pekalongan import satudata
from ckanext.pekalongan.theme import charts, indicators

log = logging.getLogger(__name__)

CACHE_PREFIX = "pekalongan:indicator:v1"
CACHE_SECONDS = 7 * 24 * 3600
MAX_BYTES = 2 * 1024 * 1024
ROLE_KEY = "indikator_peran"
ROLES = ("data", "target", "perbandingan")


@functools.lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Central Java's 35 regencies and cities: Kemendagri code → name."""
    text = resources.files("ckanext.pekalongan").joinpath("data/jateng_kabkota.csv")
    return indicators.parse_regions(text.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- tables

def _read(res: dict[str, Any]) -> str | None:
    from ckan.lib import uploader

    if res.get("url_type") != "upload":
        return None
    path = uploader.get_resource_uploader(res).get_path(res["id"])
    try:
        with open(path, "rb") as f:
            body = f.read(MAX_BYTES + 1)
    except OSError:
        log.warning("indicator resource %s: file missing", res.get("id"))
        return None
    if len(body) > MAX_BYTES:
        return None
    return body.decode("utf-8-sig", errors="replace")


def _header(text: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    return [c.strip().lower() for c in first]


def role(res: dict[str, Any], header: list[str], value_column: str) -> str | None:
    declared = (res.get(ROLE_KEY) or "").strip().lower()
    if declared in ROLES:
        return declared
    if indicators.TARGET_COLUMN in header:
        return "target"
    if indicators.REGION_COLUMN in header and indicators.COMPARISON_VALUE_COLUMN in header:
        return "perbandingan"
    if value_column and value_column in header and indicators.YEAR_COLUMN in header:
        return "data"
    return None


def compute_card(dataset: dict[str, Any]) -> dict[str, Any] | None:
    """The card of an indicator dataset (no charts), None when it has no data table.
    Problems of its tables become the card's ``problems``; nothing raises."""
    column = (dataset.get("indikator_kolom_nilai") or "").strip().lower()
    tables: dict[str, str] = {}
    modified = []
    for res in dataset.get("resources", []):
        if (res.get("format") or "").strip().upper() != "CSV":
            continue
        text = _read(res)
        if text is None:
            continue
        kind = role(res, _header(text), column)
        if kind and kind not in tables:
            tables[kind] = text
            modified.append(res.get("last_modified") or res.get("metadata_modified") or "")
    if "data" not in tables:
        return None
    problems: list[indicators.Problem] = []
    series, found = indicators.parse_series_checked(tables["data"], column)
    problems += found
    if not series:
        return None
    targets, direction = {}, None
    if "target" in tables:
        targets, direction, found = indicators.parse_targets(tables["target"])
        problems += found
    comparison: dict[int, dict[str, float]] = {}
    if "perbandingan" in tables:
        comparison, found = indicators.parse_comparison(tables["perbandingan"], regions())
        problems += found
        direction = direction or indicators.parse_direction(tables["perbandingan"])
    if direction is None and ("target" in tables or "perbandingan" in tables):
        problems.append(indicators.direction_problem())
    return indicators.build_card(
        dataset=dataset, series=series, targets=targets, direction=direction,
        comparison=comparison, regions=regions(), home_code=satudata.KABUPATEN_CODE,
        problems=problems,
        data_modified=max(modified) if modified else dataset.get("metadata_modified", ""))


# --------------------------------------------------------------------------- words

def _num(value: float | None) -> str:
    if value is None:
        return ""
    return indicators.format_number(round(value, 2), tk.h.lang() or "id")


def _with_unit(value: float | None, unit: str) -> str:
    return f"{_num(value)} {unit}".strip()


def words(card: dict[str, Any]) -> dict[str, str]:
    """The card in sentences (current language): ``status``, ``change``, ``rank``,
    ``movement``, ``summary`` (the chart's text alternative)."""
    unit = card.get("unit") or ""
    rule = (tk._("lower is better") if card["direction"] == indicators.LOWER
            else tk._("higher is better"))
    out = {"status": "", "change": "", "rank": "", "movement": "", "rule": rule}
    latest = card.get("latest")
    if latest and card.get("target_status"):
        template = (tk._("Target {year} met: {value} against a target of {target} ({rule}).")
                    if card["target_status"] == "met" else
                    tk._("Target {year} not met: {value} against a target of {target} "
                         "({rule})."))
        out["status"] = template.format(year=latest["year"],
                                        value=_with_unit(latest["value"], unit),
                                        target=_with_unit(card["target"], unit), rule=rule)
    elif latest:
        out["status"] = tk._("No target for {year} is recorded.").format(year=latest["year"])
    change = card.get("change")
    if change:
        amount = _num(change["amount"])
        key = (change["kind"], change["direction"])
        templates = {
            ("points", "up"): tk._("Up {amount} points since {year}"),
            ("points", "down"): tk._("Down {amount} points since {year}"),
            ("relative", "up"): tk._("Up {amount}% since {year}"),
            ("relative", "down"): tk._("Down {amount}% since {year}"),
        }
        template = templates.get(key, tk._("Unchanged since {year}"))
        out["change"] = template.format(amount=amount, year=change["since"])
        good = (change["direction"] == "down") == (card["direction"] == indicators.LOWER)
        if change["direction"] != "flat":
            out["change_tone"] = "good" if good else "bad"
            out["change"] += " (" + (tk._("better") if good else tk._("worse")) + ")"
    ranking = card.get("rank")
    if ranking:
        out["rank"] = tk._("Rank {rank} of {total} in Central Java ({year})").format(
            rank=ranking["rank"], total=ranking["total"], year=ranking["year"])
        history = card.get("rank_history") or []
        if len(history) > 1:
            first = history[0]
            moved = first["rank"] - ranking["rank"]
            if moved > 0:
                out["movement"] = tk._("up {n} places since {year}").format(
                    n=moved, year=first["year"])
            elif moved < 0:
                out["movement"] = tk._("down {n} places since {year}").format(
                    n=-moved, year=first["year"])
            else:
                out["movement"] = tk._("same place as in {year}").format(year=first["year"])
    if latest:
        series = card["series"]
        low = min(series, key=lambda p: p["value"])
        high = max(series, key=lambda p: p["value"])
        out["summary"] = tk._(
            "Line chart of {title} ({unit}) from {first} to {last}: {value} in {last}; lowest "
            "{low} in {low_year}, highest {high} in {high_year}.").format(
            title=card["title"], unit=unit, first=series[0]["year"], last=latest["year"],
            value=_num(latest["value"]), low=_num(low["value"]), low_year=low["year"],
            high=_num(high["value"]), high_year=high["year"])
        if card.get("target") is not None:
            out["summary"] += " " + out["status"]
    return out


def problem_messages(card: dict[str, Any]) -> list[str]:
    """The card's problems in the current language, each prefixed by its table."""
    tables = {"data": tk._("Data table"), "target": tk._("Target table"),
              "comparison": tk._("Central Java comparison table")}
    messages = []
    for p in card.get("problems") or []:
        try:
            text = tk._(p["message"]).format(**p["params"])
        except (KeyError, IndexError, ValueError):
            text = tk._(p["message"])
        messages.append(f"{tables.get(p['table'], '')}: {text}")
    return messages


def _labels(card: dict[str, Any]) -> dict[str, str]:
    return {"value": tk._("Realisation"), "target": tk._("Target"), "year": tk._("Year"),
            "unit": card.get("unit") or tk._("Value"), "home": "Kab. Pekalongan",
            "others": tk._("Other regencies and cities")}


# --------------------------------------------------------------------------- cache

def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def _lang() -> str:
    try:
        return tk.h.lang() or "id"
    except Exception:  # outside a request
        return "id"


def cache_key(dataset: dict[str, Any], lang: str) -> str:
    return f"{CACHE_PREFIX}:{dataset['id']}:{dataset.get('metadata_modified', '')}:{lang}"


def _render_charts(card: dict[str, Any], lang: str) -> dict[str, Any]:
    labels = _labels(card)
    out = {"series_svg": "", "ranking_svg": ""}
    cid = f"pkl-ind-{card['name']}"
    try:
        out["series_svg"] = charts.accessible_svg(
            charts.render_svg(charts.series_spec(card, labels), lang), card["title"],
            f"{cid}-desc")
        if card.get("ranking"):
            out["ranking_svg"] = charts.accessible_svg(
                charts.render_svg(charts.ranking_spec(card, labels), lang),
                tk._("{title}: Central Java's regencies and cities").format(
                    title=card["title"]), f"{cid}-rank-desc")
    except Exception:  # a chart that cannot be drawn leaves the card and its table
        log.exception("indicator %s: chart not rendered", card.get("name"))
    return out


def card(dataset: dict[str, Any]) -> dict[str, Any] | None:
    """The cached card of an indicator dataset with its chart SVGs (current language)."""
    lang = _lang()
    key = cache_key(dataset, lang)
    try:
        cached = _redis().get(key)
        if cached:
            return json.loads(cached) or None
    except Exception:  # no Redis: compute
        log.warning("indicator cache unavailable", exc_info=True)
    try:
        found = compute_card(dataset)
        if found:
            found.update(_render_charts(found, lang))
    except Exception:
        log.exception("indicator %s could not be read", dataset.get("name"))
        found = None
    try:
        _redis().setex(key, CACHE_SECONDS, json.dumps(found))
    except Exception:
        log.warning("indicator cache unavailable", exc_info=True)
    return found


def indicator_datasets(limit: int = 50) -> list[dict[str, Any]]:
    try:
        return tk.get_action("package_search")(
            {}, {"fq": "indikator_capaian:true", "rows": limit,
                 "sort": "title_string asc"})["results"]
    except (tk.ObjectNotFound, tk.ValidationError):
        return []


def cards(limit: int = 50) -> list[dict[str, Any]]:
    """The cards of the public indicator datasets, by title."""
    return [c for c in (card(d) for d in indicator_datasets(limit)) if c]


def achievements(limit: int = 20) -> list[dict[str, Any]]:
    """New achievements (an indicator's newest year of data) of the public indicators,
    newest first: see :func:`indicators.new_achievements`."""
    return indicators.new_achievements(cards(limit=200), limit)


# --------------------------------------------------------------------------- share images

def share_dir() -> str:
    return os.path.join(tk.config.get("ckan.storage_path") or "/tmp", "pekalongan", "share")


def _date(value: str) -> str:
    try:
        return tk.h.render_datetime(value) or value[:10]
    except Exception:
        return (value or "")[:10]


def _dataset_chart(dataset: dict[str, Any], size: str, lang: str) -> str | None:
    """The chart of a non-indicator dataset: the numeric columns of its first uploaded CSV
    that has one row per year (at most three, named by their column labels)."""
    for res in dataset.get("resources", []):
        if (res.get("format") or "").upper() != "CSV":
            continue
        text = _read(res)
        if not text:
            continue
        found = indicators.table_series(text)
        if not found:
            return None
        spec = charts.multi_series_spec(found, tk._("Year"), dataset.get("satuan") or "",
                                        **_chart_size(size))
        return charts.render_svg(spec, lang)
    return None


def _chart_size(size: str) -> dict[str, int]:
    return ({"width": 880, "height": 300, "font_size": 20} if size == "1080x1080"
            else {"width": 460, "height": 300, "font_size": 18})


def share_png_path(dataset: dict[str, Any], size: str) -> str:
    """The PNG share picture of a dataset (its indicator card when it is an indicator),
    made once per data version, size, language and portal address."""
    lang = _lang()
    site = tk.config.get("ckan.site_url") or ""
    version = hashlib.sha256("|".join(
        [dataset.get("metadata_modified", ""), lang, site, "v1"]).encode()).hexdigest()[:16]
    folder = share_dir()
    path = os.path.join(folder, f"{dataset['id']}-{size}-{lang}-{version}.png")
    if os.path.exists(path):
        return path
    os.makedirs(folder, exist_ok=True)
    svg = share_svg(dataset, size, lang, site)
    png = charts.svg_to_png(svg)
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(tmp, "wb") as f:
        f.write(png)
    os.replace(tmp, path)
    for old in glob.glob(os.path.join(folder, f"{dataset['id']}-{size}-{lang}-*.png")):
        if old != path:
            try:
                os.remove(old)
            except OSError:
                pass
    return path


def share_svg(dataset: dict[str, Any], size: str, lang: str, site: str) -> str:
    org = (dataset.get("organization") or {}).get("title") or ""
    address = site.split("://", 1)[-1].rstrip("/")
    found = card(dataset) if tk.asbool(dataset.get("indikator_capaian")) else None
    if found and found.get("latest"):
        said = words(found)
        latest = found["latest"]
        spec = charts.series_spec(found, _labels(found), **_chart_size(size))
        lines = [s for s in (said["rank"], said["change"]) if s]
        return charts.share_card_svg(
            size, title=found["title"], value=_num(latest["value"]),
            value_note=f"{found['unit']} ({latest['year']})".strip(),
            status=said["status"], status_met=(None if not found.get("target_status")
                                               else found["target_status"] == "met"),
            lines=lines, source=org or found["organization"],
            date=_date(found.get("data_modified") or ""), address=address,
            chart_svg=charts.render_svg(spec, lang))
    chart = None
    try:
        chart = _dataset_chart(dataset, size, lang)
    except Exception:
        log.exception("dataset %s: share chart not rendered", dataset.get("name"))
    return charts.share_card_svg(
        size, title=dataset.get("title") or dataset.get("name", ""),
        value="", value_note=tk._("Open data of Kabupaten Pekalongan"), status="",
        status_met=None, lines=[], source=org,
        date=_date(dataset.get("metadata_modified") or dt.date.today().isoformat()),
        address=address, chart_svg=chart)
