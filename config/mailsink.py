#!/usr/bin/env python3
"""A local SMTP server for development: every message is saved as var/mail/<time>-<n>.eml.

`make run` points CKAN's ``smtp.server`` at it, so PPID receipts, reminders and harvest
failure notices can be read without sending anything out. Usage: mailsink.py HOST PORT DIR
"""
from __future__ import annotations

import asyncio
import itertools
import sys
import time
from pathlib import Path

_counter = itertools.count(1)


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, out: Path):
    async def reply(line: str):
        writer.write((line + "\r\n").encode())
        await writer.drain()

    await reply("220 pekalongan-mailsink ESMTP")
    mail_from, rcpt, in_data, data = "", [], False, []
    while line := await reader.readline():
        text = line.decode("utf-8", "replace")
        if in_data:
            if text.rstrip("\r\n") == ".":
                name = f"{time.strftime('%Y%m%dT%H%M%S')}-{next(_counter)}.eml"
                body = "".join(d[1:] if d.startswith("..") else d for d in data)
                envelope = f"X-Envelope-From: {mail_from}\nX-Envelope-To: {', '.join(rcpt)}\n"
                (out / name).write_text(envelope + body.replace("\r\n", "\n"))
                in_data, data, rcpt = False, [], []
                await reply("250 OK: queued as " + name)
            else:
                data.append(text)
            continue
        verb = text[:4].upper()
        if verb in ("HELO", "EHLO"):
            await reply("250 pekalongan-mailsink")
        elif verb == "MAIL":
            mail_from = text.split(":", 1)[-1].strip().strip("<>")
            await reply("250 OK")
        elif verb == "RCPT":
            rcpt.append(text.split(":", 1)[-1].strip().strip("<>"))
            await reply("250 OK")
        elif verb == "DATA":
            in_data = True
            await reply("354 End data with <CR><LF>.<CR><LF>")
        elif verb == "QUIT":
            await reply("221 Bye")
            break
        else:  # RSET, NOOP and anything else
            await reply("250 OK")
    writer.close()


async def main(host: str, port: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: handle(r, w, out), host, port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
