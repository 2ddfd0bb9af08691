"""The labels of every PPID code (states, decisions, channels, forms, Pasal 17 and
35(1) grounds, audit events, actors, urgency...): one vocabulary module.

Pure: message ids marked with :func:`N_`, translated where they are shown
(``tk._(label)``; the template helper ``pekalongan_ppid_label``). The labels of
the law's own vocabularies are Indonesian, the wording of the law and of the
Perki 1/2021 forms; the ``en`` catalogue translates them. The codes themselves
are defined in ``states.py``.
"""
from __future__ import annotations

from collections.abc import Mapping

from ckanext.pekalongan.casework import workdays
from ckanext.pekalongan.ppid.states import (
    DECIDED,
    EXTENDED,
    FILED,
    GRANTED,
    LEGAL_ENTITY,
    NOT_HELD,
    OBJECTION_ACCEPTED,
    OBJECTION_DECIDED,
    OBJECTION_REJECTED,
    PARTLY_GRANTED,
    PERSON,
    RECEIVED,
    REFUSED,
    REOPENED,
    ROUTED,
    WITHDRAWN,
    Event,
)
from ckanext.pekalongan.text import N_

DECISION_LABELS: Mapping[str, str] = {
    GRANTED: N_("Diberikan seluruhnya"),
    PARTLY_GRANTED: N_("Diberikan sebagian"),
    REFUSED: N_("Ditolak (informasi dikecualikan)"),
    NOT_HELD: N_("Informasi tidak dikuasai"),
}

OBJECTION_OUTCOME_LABELS: Mapping[str, str] = {
    OBJECTION_ACCEPTED: N_("Keberatan diterima (tanggapan PPID dibatalkan)"),
    OBJECTION_REJECTED: N_("Keberatan ditolak (tanggapan PPID dikuatkan)"),
}

CHANNEL_LABELS: Mapping[str, str] = {
    "web": N_("Situs web"),
    "walk_in": N_("Datang langsung"),
    "letter": N_("Surat"),
    "phone": N_("Telepon"),
    "email": N_("Surel"),
    "sms": N_("SMS"),
}

HOW_TO_OBTAIN_LABELS: Mapping[str, str] = {
    "melihat": N_("Melihat"),
    "membaca": N_("Membaca"),
    "mendengarkan": N_("Mendengarkan"),
    "mencatat": N_("Mencatat"),
    "salinan_softcopy": N_("Mendapatkan salinan (softcopy)"),
    "salinan_hardcopy": N_("Mendapatkan salinan (hardcopy)"),
}

HOW_TO_RECEIVE_LABELS: Mapping[str, str] = {
    "ambil_langsung": N_("Mengambil langsung"),
    "kurir": N_("Kurir"),
    "pos": N_("Pos"),
    "faksimili": N_("Faksimili"),
    "email": N_("Surel"),
}

REQUESTER_TYPE_LABELS: Mapping[str, str] = {
    PERSON: N_("Perorangan"),
    LEGAL_ENTITY: N_("Badan hukum"),
}

PASAL_17_LABELS: Mapping[str, str] = {
    "17a": N_("Menghambat proses penegakan hukum"),
    "17b": N_("Mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha sehat"),
    "17c": N_("Membahayakan pertahanan dan keamanan negara"),
    "17d": N_("Mengungkapkan kekayaan alam Indonesia"),
    "17e": N_("Merugikan ketahanan ekonomi nasional"),
    "17f": N_("Merugikan kepentingan hubungan luar negeri"),
    "17g": N_("Mengungkapkan isi akta otentik yang bersifat pribadi atau wasiat seseorang"),
    "17h": N_("Mengungkap rahasia pribadi"),
    "17i": N_("Memorandum atau surat antar/intra Badan Publik yang menurut sifatnya dirahasiakan"),
    "17j": N_("Informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}

PASAL_35_1_LABELS: Mapping[str, str] = {
    "35_1_a": N_("Penolakan permohonan berdasarkan alasan pengecualian Pasal 17"),
    "35_1_b": N_("Tidak disediakannya informasi berkala"),
    "35_1_c": N_("Tidak ditanggapinya permohonan informasi"),
    "35_1_d": N_("Permohonan informasi ditanggapi tidak sebagaimana yang diminta"),
    "35_1_e": N_("Tidak dipenuhinya permohonan informasi"),
    "35_1_f": N_("Pengenaan biaya yang tidak wajar"),
    "35_1_g": N_("Penyampaian informasi melebihi waktu yang diatur undang-undang"),
}

# Labels of the web UI (English msgids).
STATUS_LABELS = {
    RECEIVED: N_("Received"),
    ROUTED: N_("Forwarded to the OPD"),
    EXTENDED: N_("Deadline extended"),
    DECIDED: N_("Answered (written notice given)"),
    WITHDRAWN: N_("Withdrawn"),
    REOPENED: N_("Reopened: objection accepted, awaiting a new decision"),
}
OBJECTION_STATUS_LABELS = {
    FILED: N_("Filed, awaiting the Atasan PPID"),
    OBJECTION_DECIDED: N_("Answered by the Atasan PPID"),
}
EVENT_LABELS: Mapping[str, str] = {
    Event.CREATE: N_("Request registered"),
    Event.ROUTE: N_("Forwarded to an OPD"),
    Event.EXTEND: N_("Deadline extended"),
    Event.RECEIPT_CORRECT: N_("Receipt date corrected"),
    Event.DECIDE: N_("Written notice given"),
    Event.WITHDRAW: N_("Request withdrawn"),
    Event.DOCUMENT_ATTACH: N_("Document attached"),
    Event.GROUND_ARISEN: N_("A ground for objection arose"),
    Event.OBJECTION_CREATE: N_("Objection filed"),
    Event.OBJECTION_DECIDE: N_("Objection answered"),
    Event.HOLIDAY_CREATE: N_("Holiday added"),
    Event.HOLIDAY_DELETE: N_("Holiday removed"),
    Event.PERSONAL_DATA_ERASED: N_("Personal data erased after the retention period"),
    Event.PUBLIC_ENTRY: N_("Public register entry reviewed"),
    Event.DIP_ENTRY_CREATE: N_("DIP entry added"),
    Event.DIP_ENTRY_UPDATE: N_("DIP entry changed"),
    Event.DIP_ENTRY_DELETE: N_("DIP entry deleted"),
    Event.DIK_ENTRY_CREATE: N_("DIK entry added"),
    Event.DIK_ENTRY_UPDATE: N_("DIK entry changed"),
    Event.DIK_ENTRY_DELETE: N_("DIK entry deleted"),
    Event.NOTICE: N_("Notice given"),
    Event.REOPEN: N_("Reopened after an accepted objection"),
    Event.DISPUTE_RECORD: N_("Dispute at the Komisi Informasi recorded"),
    Event.REPORT_UPDATE: N_("Annual report edited"),
    Event.SERVICE_STANDARD_UPDATE: N_("Service standard edited"),
}
ACTOR_LABELS = {
    "requester": N_("Requester"),
    "system": N_("System"),
    "officer": N_("PPID officer"),
}
URGENCY_LABELS = {
    workdays.URGENCY_ON_TIME: N_("On time"),
    workdays.URGENCY_DUE_SOON: N_("Due soon"),
    workdays.URGENCY_OVERDUE: N_("Overdue"),
}
HOLIDAY_KIND_LABELS = {
    workdays.KIND_NATIONAL: N_("National holiday"),
    workdays.KIND_CUTI_BERSAMA: N_("Cuti bersama (collective leave)"),
}
DOCUMENT_KIND_LABELS = {
    "response": N_("Response document"),
    "power_of_attorney": N_("Power of attorney"),
}
NOTICE_HEADINGS = {
    "a": N_("Whether the information is held by this public body"),
    "b": N_("The public body that holds the information"),
    "c": N_("Acceptance or refusal of the request, with the reasons"),
    "d": N_("The information that is given"),
    "e": N_("Blacked-out (exempted) material and the reasons"),
    "f": N_("Means of delivery and format"),
    "g": N_("Cost and how to pay"),
}
# the notices of the audit trail (``notice`` events, notify.NOTICE_KINDS) and their channels
NOTICE_KIND_LABELS = {
    "receipt": N_("Receipt of the request"),
    "extended": N_("Extension notice (Pasal 22(8))"),
    "decided": N_("Written notice of the decision (Pasal 22(7))"),
    "objection_receipt": N_("Receipt of the objection"),
    "objection_decided": N_("The Atasan PPID's answer to the objection (Pasal 36(2))"),
    "routed": N_("Routing to the OPD's PPID Pelaksana"),
    "reopened": N_("Reopening after an accepted objection"),
}
NOTICE_CHANNEL_LABELS = {
    "email": N_("e-mail"),
    "post": N_("post or by hand (print it)"),
    "sms": N_("SMS"),
}
