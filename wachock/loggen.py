"""Generated access logs (Combined Log Format) for tests and benchmarks."""

import random
from datetime import datetime, timedelta

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
]
PAGES = ["/", "/aktualnosci/", "/kontakt/", "/statystyka-odwiedzin/", "/aktualnosci/2024/komunikat/"]
ASSETS = ["/theme/css/site.73994fb57a.css", "/images/dozynki.svg", "/theme/img/herb.svg"]


def log_line(ip: str, when: datetime, path: str, agent: str, status: int = 200, method: str = "GET") -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} 5120 "-" "{agent}"\n'


def synthetic_log(lines: int, start: datetime, seed: int = 7) -> str:
    """A realistic mix: pages, assets, bots, errors and a few malformed lines."""
    rng = random.Random(seed)
    when = start
    out = []
    for _ in range(lines):
        when += timedelta(seconds=rng.randint(0, 20))
        roll = rng.random()
        ip = f"10.{rng.randint(0, 3)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if roll < 0.001:
            out.append("garbage line without format\n")
        elif roll < 0.1:
            out.append(log_line(ip, when, rng.choice(PAGES), rng.choice(BOTS)))
        elif roll < 0.45:
            out.append(log_line(ip, when, rng.choice(ASSETS), rng.choice(BROWSERS)))
        else:
            status = 404 if roll > 0.98 else 200
            out.append(log_line(ip, when, rng.choice(PAGES), rng.choice(BROWSERS), status))
    return "".join(out)
