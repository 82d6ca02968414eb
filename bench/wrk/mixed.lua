-- Rotates through the paths in a file (one per line), each thread from its own
-- starting point, and reports like stats.lua:
--   wrk -c64 -d60s -s bench/wrk/mixed.lua http://127.0.0.1:8000 -- paths.txt

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "stats.lua")

local paths = {}
local position = 0

function start_paths(args)
  if not args[1] then
    error("mixed.lua needs a file of paths: wrk ... -s mixed.lua URL -- paths.txt")
  end
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  -- Threads start spread over the list, so they do not ask for the same page in step.
  position = math.floor(#paths * ((thread_number * 0.618034) % 1))
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
