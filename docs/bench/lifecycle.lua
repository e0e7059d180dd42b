-- wrk workload for docs/bench/http.sh: full ticket lifecycles over HTTP, the same four
-- commands as `redress-bench engine` (place order, open a refund-only ticket, the merchant
-- approves, the payment system confirms), each one request.
--
-- Each wrk thread drives one connection (run with -t N -c N) through its own orders in
-- order, so a request never names an order its thread has not placed yet.
--
-- Arguments (after --): run prefix, integration key, merchant count, then per merchant i
-- (0-based) its merchant key and its buyer key, then optionally a delay in milliseconds
-- between a thread's requests (for the run at half of saturation).

local threads = {}
local next_thread = 0

function setup(thread)
    thread:set("thread_number", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

function init(args)
    prefix = args[1]
    integration = args[2]
    merchants = tonumber(args[3])
    local slot = thread_number % merchants
    merchant = "M-" .. slot
    buyer = "B-" .. slot
    merchant_key = args[4 + 2 * slot]
    buyer_key = args[5 + 2 * slot]
    delay_ms = tonumber(args[4 + 2 * merchants] or "0")
    step = 0
    n = 0
    failed = 0
    paid_at = os.date("!%Y-%m-%dT%H:%M:%SZ")
end

local function post(path, key, body)
    return wrk.format("POST", path, {
        ["Authorization"] = "Bearer " .. key,
        ["Content-Type"] = "application/json",
    }, body)
end

function request()
    local order = prefix .. "-" .. thread_number .. "-" .. n
    local ticket = "T" .. order
    if step == 0 then
        return post("/v1/orders", integration, string.format(
            '{"id":"%s","merchant_id":"%s","buyer_id":"%s","items":[{"id":"I-1",'
            .. '"product_id":"P-1","category":"apparel","quantity":1,'
            .. '"amount":{"amount":20000,"currency":"CNY"},"seven_day_return":true}],'
            .. '"paid":{"amount":20000,"currency":"CNY"},"paid_at":"%s"}',
            order, merchant, buyer, paid_at))
    elseif step == 1 then
        return post("/v1/orders/" .. order .. "/tickets", buyer_key, string.format(
            '{"ticket_id":"%s","kind":"refund_only","reason":"dont_want",'
            .. '"amount":{"amount":20000,"currency":"CNY"}}', ticket))
    elseif step == 2 then
        return post("/v1/tickets/" .. ticket .. "/actions", merchant_key, '{"type":"approve"}')
    else
        return post("/v1/payments/refunds/" .. ticket, integration,
            '{"type":"succeeded","payment_reference":"PAY-' .. order .. '"}')
    end
end

function response(status, headers, body)
    if status >= 300 then
        failed = failed + 1
        if failed <= 3 then
            io.stderr:write("step " .. step .. ": " .. status .. " " .. body .. "\n")
        end
    end
    step = step + 1
    if step == 4 then
        step = 0
        n = n + 1
    end
end

function delay()
    return delay_ms
end

function done(summary, latency, requests)
    local failures = 0
    for _, thread in ipairs(threads) do
        failures = failures + (thread:get("failed") or 0)
    end
    io.write(string.format(
        "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, failures,
        summary.errors.connect + summary.errors.read + summary.errors.write
            + summary.errors.status + summary.errors.timeout))
end
