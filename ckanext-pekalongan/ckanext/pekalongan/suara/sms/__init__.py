"""The SMS center of Suara Masyarakat, on Gammu's SMS daemon (gammu-smsd).

* ``parser``: keywords, report numbers, GSM-7/UCS-2 lengths, reply texts (pure);
* ``gateway``: the daemon's database (its ``inbox``/``outbox`` tables);
* ``worker``: inbox -> reports and replies, idempotent by inbox id;
* ``outbox``: ``send_sms(phone_e164, text, *, key)`` for the rest of the plugin;
* ``model``: our ``suara_sms_*`` tables (migration ``c3f8a05e7d12``);
* ``dummy``: incoming SMS for Gammu's dummy phone (development, tests);
* ``cli``: ``ckan suara sms worker|block|unblock|purge|inject``.
"""
