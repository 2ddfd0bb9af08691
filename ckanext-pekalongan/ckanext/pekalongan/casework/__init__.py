"""The case core shared by the services that keep cases on a clock (the PPID
desk and Suara Masyarakat): the working-day engine (``workdays``, pure), the
holiday calendar it is fed from (``calendar``, ``holiday_seed``), and personal
data at rest (``personal_data``, pure; ``model.PersonalText``).

It imports neither ``ppid`` nor ``suara``: they import it."""
