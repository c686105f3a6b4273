#!/usr/bin/env python3
"""Holds N slow terminal connections open against the station, as GPRS does:
each connects from its own loopback address (127.2.x.y), then sends the
start of a request frame one byte every few seconds. When the station closes
one (frame_timeout), it connects again. Writes the number open to STATUS
every second. Runs until killed.

    slow_terminals.py HOST PORT N STATUS [SECONDS_BETWEEN_BYTES]
"""
import asyncio
import sys

# LEN 0x0100 (a frame of 258 bytes, more than is ever sent), MAGIC "HH", VER 01,
# FLAGS 02, SUITE 01, TID "51019999", then zeros.
PREFIX = bytes([0x01, 0x00]) + b"HH" + bytes([1, 2, 1]) + b"51019999" + bytes(64)

open_now = 0


async def slow_terminal(host, port, index, pause):
    global open_now
    source = (f"127.2.{index // 250}.{index % 250 + 1}", 0)
    while True:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=source)
        except OSError:
            await asyncio.sleep(1)
            continue
        open_now += 1
        try:
            for byte in PREFIX:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(pause)
                if reader.at_eof():
                    break
        except OSError:
            pass
        finally:
            open_now -= 1
            writer.close()


async def report(status):
    while True:
        with open(status, "w") as f:
            f.write(f"{open_now}\n")
        await asyncio.sleep(1)


async def main():
    host, port, n, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    pause = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0
    tasks = [asyncio.create_task(report(status))]
    for i in range(n):
        tasks.append(asyncio.create_task(slow_terminal(host, port, i, pause)))
        if i % 500 == 499:
            await asyncio.sleep(0.2)  # not all in the same instant
    await asyncio.gather(*tasks)


asyncio.run(main())
