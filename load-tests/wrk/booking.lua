-- Valid bookings for wrk: each request as one of the agents WrkAgents.java verified, with a fresh
-- unified social credit code and Idempotency-Key, to the hot slot (HOT=1, the first line of
-- targets.txt) or round robin over every target. Counts the answers by status and code, so the
-- decisions (201, 409, 422) can be told from 503 TRY_LATER and 429.
-- wrk -s load-tests/wrk/booking.lua ... -- DIR HOT RUN

local CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function lines(path)
  local result = {}
  for line in io.lines(path) do
    table.insert(result, line)
  end
  return result
end

local function credit_code(number)
  local first17 = "91340100" .. string.format("%09d", number)
  local sum = 0
  for i = 1, 17 do
    sum = sum + (string.byte(first17, i) - 48) * CREDIT_WEIGHTS[i]
  end
  local check = (31 - sum % 31) % 31
  return first17 .. string.sub(CREDIT_CHARS, check + 1, check + 1)
end

function init(args)
  local dir = args[1]
  local hot = args[2] == "1"
  run = tonumber(args[3] or "0")
  agents = {}
  for _, line in ipairs(lines(dir .. "/agents.txt")) do
    local token, address = string.match(line, "^(%S+) (%S+)$")
    table.insert(agents, {token = token, address = address})
  end
  targets = {}
  for _, line in ipairs(lines(dir .. "/targets.txt")) do
    local hall, date, start = string.match(line, "^(%S+) (%S+) (%S+)$")
    table.insert(targets, {hall = hall, date = date, start = start})
    if hot then break end
  end
  statuses = {}
  codes = {}
end

function request()
  counter = counter + 1
  local serial = (run % 100) * 10000000 + id * 1000000 + counter
  local agent = agents[(serial % #agents) + 1]
  local target = targets[(counter % #targets) + 1]
  local body = '{"hallCode":"' .. target.hall .. '","date":"' .. target.date .. '","start":"' .. target.start
      .. '","taxpayerId":"' .. credit_code(serial) .. '","taxpayerName":"压测代理有限公司","businessTypes":["TAX_FILING"]}'
  return wrk.format("POST", "/api/v1/bookings", {
    ["Authorization"] = "Bearer " .. agent.token,
    ["Idempotency-Key"] = string.format("wrk-%d-%d", run, serial),
    ["X-Forwarded-For"] = agent.address,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local code = string.match(body, '"code":"([A-Z_]+)"')
  if code then
    codes[code] = (codes[code] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total_status = {}
  local total_codes = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total_status[status] = (total_status[status] or 0) + count
    end
    for code, count in pairs(thread:get("codes")) do
      total_codes[code] = (total_codes[code] or 0) + count
    end
  end
  local seconds = summary.duration / 1e6
  local decisions = (total_status[201] or 0) + (total_status[409] or 0) + (total_status[422] or 0)
  io.write(string.format("answers by status:"))
  for status, count in pairs(total_status) do io.write(string.format(" %d=%d", status, count)) end
  io.write("\nanswers by code:")
  for code, count in pairs(total_codes) do io.write(string.format(" %s=%d", code, count)) end
  io.write(string.format("\ndecisions/s %.0f (201+409+422 = %d in %.1f s); latency p50 %.1f ms, p99 ms %.1f\n",
      decisions / seconds, decisions, seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
