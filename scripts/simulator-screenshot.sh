#!/usr/bin/env bash
# The what-if report of docs/SIMULATOR.md, made again: the two example policies on the small
# model for 28 days over five seeds, the report opened in Debian's chromium (headless,
# Playwright from console-tests/), and shot whole into docs/screenshots/simulator-report.png
# (and simulator-report-phone.png at 375 px, which must not scroll sideways).
# The page must show its conclusion and at least four charts (a chart that would show
# nothing is left out with a sentence), or the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ ! -x /usr/bin/chromium ]]; then
    echo "installing Debian's chromium (never a downloaded browser)" >&2
    apt-get install -y chromium
fi
if [[ ! -d console-tests/node_modules/playwright-core ]]; then
    (cd console-tests && npm ci --no-audit --no-fund)
fi

# REDRESS_PROFILE=debug uses (and builds) the debug binary instead: slower, but no release
# build on a busy machine.
profile=${REDRESS_PROFILE:-release}
if [[ "$profile" == release ]]; then cargo build --quiet --release -p redress_cli --bin redress
else cargo build --quiet -p redress_cli --bin redress; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"target/$profile/redress" simulate --model small --days 28 --seed 1 --seeds 5 \
    --policy examples/simulator/policy_a.toml --compare examples/simulator/policy_b.toml \
    --out "$work/whatif"

cd console-tests
REPORT="$work/whatif/report.html" OUT="$root/docs/screenshots/simulator-report.png" \
node --input-type=module -e '
import { chromium } from "playwright-core";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto("file://" + process.env.REPORT);
const charts = await page.locator("svg").count();
if (charts < 4 || (await page.locator("#conclusion").count()) !== 1) {
  console.error(`the report shows ${charts} charts and no conclusion`);
  process.exit(1);
}
await page.screenshot({ path: process.env.OUT, fullPage: true });
// And on a phone: nothing may widen the page past 375 px.
await page.setViewportSize({ width: 375, height: 812 });
const phone = process.env.OUT.replace(/\.png$/, "-phone.png");
const wide = await page.evaluate(() => document.documentElement.scrollWidth);
if (wide > 375) {
  console.error(`the report is ${wide} px wide on a 375 px phone`);
  process.exit(1);
}
await page.screenshot({ path: phone, fullPage: true });
console.log(`${charts} charts; shot ${process.env.OUT} and ${phone}`);
await browser.close();
'
