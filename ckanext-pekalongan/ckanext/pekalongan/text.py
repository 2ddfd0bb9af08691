"""``N_``: marks a message for translation without translating it (a gettext no-op).

Pure modules keep message ids (``N_("...")``) and the layer that knows the request's
language translates them (``tk._(message)``); Babel extracts ``N_`` like ``_``."""


def N_(message: str) -> str:
    return message
