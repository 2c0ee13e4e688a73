-- The test driver that check.ts appends to the README's Neovim configuration. It does what a user does,
-- through Neovim's own commands, on Neovim 0.7 to 0.12: opens a policy, waits for its diagnostics, hovers,
-- applies a quick fix through the code action menu, completes actions with omnifunc (<C-x><C-o>), in a
-- string and in one typed without its closing quote,
-- lists the workspace's diagnostics, writes what it saw as JSON to $IAM_NVIM_CHECK_OUT and quits.
-- It runs as a coroutine resumed by a timer, so that Neovim's main loop runs (and takes typed keys)
-- between its steps. Written for the oldest Neovim it runs on: no vim.fs, vim.iter or vim.lsp.get_clients.
local out_file = assert(os.getenv('IAM_NVIM_CHECK_OUT'), 'IAM_NVIM_CHECK_OUT names the result file')
local policy = assert(os.getenv('IAM_NVIM_CHECK_POLICY'), 'IAM_NVIM_CHECK_POLICY names the policy to open')
local timeout_ms = tonumber(os.getenv('IAM_NVIM_CHECK_TIMEOUT_MS') or '15000')
local result = { nvim = vim.version(), steps = {} }
local driver

local function write_result()
  local file = assert(io.open(out_file, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
end

-- Resumes the driver until `done()` holds, checking every 20 ms; a timeout is the step's error.
local function wait_for(what, done)
  local deadline = vim.loop.now() + timeout_ms
  while true do
    local ok, value = pcall(done)
    if ok and value then return value end
    if vim.loop.now() > deadline then error('timed out waiting for ' .. what, 0) end
    vim.defer_fn(function() assert(coroutine.resume(driver)) end, 20)
    coroutine.yield()
  end
end

local function clients(buf)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = buf }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end

local function basename(buf)
  return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':t')
end

-- Every diagnostic Neovim holds (all buffers), as the user's lists show them: file, code, place in bytes.
local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {
      file = basename(d.bufnr),
      code = d.code or lsp.code,
      severity = vim.diagnostic.severity[d.severity],
      source = d.source,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.file ~= b.file then return a.file < b.file end
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return list
end

-- The virtual text Neovim draws at the end of a buffer's lines. Diagnostics draw in anonymous namespaces,
-- which nvim_get_namespaces does not list, and 0.7 has no "every namespace" (-1): try each id.
local function virtual_text(buf)
  local lines = {}
  for ns = 1, 300 do
    local ok, marks = pcall(vim.api.nvim_buf_get_extmarks, buf, ns, 0, -1, { details = true })
    for _, mark in ipairs(ok and marks or {}) do
      local chunks = mark[4].virt_text
      if chunks then
        local text = ''
        for _, chunk in ipairs(chunks) do text = text .. chunk[1] end
        table.insert(lines, { lnum = mark[2], text = text })
      end
    end
  end
  table.sort(lines, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.text < b.text) end)
  return lines
end

local function floating_windows()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then table.insert(found, win) end
  end
  return found
end

-- Moves the cursor to the first byte after the first `text` on a line (0-based line; nil: not found).
local function cursor_after(buf, text)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local from, to = line:find(text, 1, true)
    if from then
      vim.api.nvim_win_set_cursor(0, { lnum, to })
      return lnum - 1
    end
  end
  error('no line has ' .. text, 0)
end

local function line(buf, lnum)
  return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
end

-- Types `keys` (ending in <C-x><C-o>) and accepts the first item of the omnifunc menu: its words.
local function complete_with(keys)
  vim.api.nvim_input(keys)
  -- Headless, Neovim draws no menu (pumvisible() stays 0), but it holds the completion's items.
  local ok, info = pcall(wait_for, 'the completion menu', function()
    local items = vim.fn.complete_info({ 'items' })
    return #items.items > 0 and items
  end)
  -- Back to normal mode either way, so that the steps after this one see diagnostics drawn.
  if not ok then vim.api.nvim_input('<C-e><Esc>') error(info, 0) end
  local words = {}
  for i, item in ipairs(info.items) do words[i] = item.word end
  vim.api.nvim_input('<C-y><Esc>')
  wait_for('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end)
  return words
end

local function step(name, run)
  local ok, value = pcall(run)
  result.steps[name] = ok and value or { error = tostring(value) }
  return ok
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(policy))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  if not step('attach', function()
    wait_for('the language server to attach', function() return #clients(buf) > 0 end)
    return { clients = #clients(buf), omnifunc = vim.bo[buf].omnifunc }
  end) then return end

  step('diagnostics', function()
    wait_for('diagnostics of the opened policy', function() return #vim.diagnostic.get(buf) > 0 end)
    return { items = diagnostics(buf), virtual_text = virtual_text(buf) }
  end)

  step('hover', function()
    cursor_after(buf, '"ecr:GetAuth')
    -- K, as the user presses it: Neovim maps it to hover from 0.10, the README's 0.7 snippet maps it.
    vim.api.nvim_input('K')
    local win = wait_for('the hover window', function() return floating_windows()[1] end)
    local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
    vim.api.nvim_win_close(win, true)
    return { lines = lines }
  end)

  step('code_action', function()
    local lnum = cursor_after(buf, '"s3:GetOb')
    local before = line(buf, lnum)
    local offered
    local wanted = os.getenv('IAM_NVIM_CHECK_FIX')
    -- The user picks the quick fix whose title names the action it writes.
    vim.ui.select = function(items, opts, on_choice)
      offered = {}
      local chosen
      for i, item in ipairs(items) do
        offered[i] = opts.format_item and opts.format_item(item) or tostring(item)
        if not chosen and offered[i]:find(wanted, 1, true) then chosen = i end
      end
      on_choice(chosen and items[chosen], chosen)
    end
    -- gra, as the user presses it, where Neovim maps it (0.11+); the README names the function for older ones.
    if vim.fn.has('nvim-0.11') == 1 then vim.api.nvim_input('gra') else vim.lsp.buf.code_action() end
    wait_for('the code action menu', function() return offered end)
    wait_for('the quick fix to change the line', function() return line(buf, lnum) ~= before end)
    return { offered = offered, line = line(buf, lnum) }
  end)

  step('completion', function()
    -- The menu shows even for one match, and nothing is inserted until the user accepts.
    vim.o.completeopt = 'menuone,noinsert'
    local lnum = cursor_after(buf, '"ecr:BatchGetIm')
    local words = complete_with('i<C-x><C-o>')
    return { words = words, line = line(buf, lnum) }
  end)

  step('after_edits', function()
    -- The quick fix and the completion fixed both INVALID_ACTION findings: wait for the edited text's diagnostics.
    wait_for('diagnostics of the edited text', function()
      for _, d in ipairs(diagnostics(buf)) do
        if d.code == 'INVALID_ACTION' then return false end
      end
      return true
    end)
    return { items = diagnostics(buf) }
  end)

  step('workspace', function()
    local other = os.getenv('IAM_NVIM_CHECK_UNOPENED')
    wait_for('diagnostics of the file never opened', function()
      for _, d in ipairs(diagnostics(nil)) do
        if d.file == other then return true end
      end
      return false
    end)
    local loaded = {}
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) then table.insert(loaded, basename(b)) end
    end
    -- What the README tells users to run to list every file's findings.
    vim.diagnostic.setqflist({ open = false })
    local quickfix = {}
    for _, item in ipairs(vim.fn.getqflist()) do
      table.insert(quickfix, ('%s:%d:%d %s'):format(basename(item.bufnr), item.lnum, item.col, item.text))
    end
    return { items = diagnostics(nil), loaded = loaded, quickfix = quickfix }
  end)

  step('source_option', function()
    -- What `virtual_text = { source = true }` shows, which the README says is the source, not the code.
    vim.diagnostic.config({ virtual_text = { source = true } })
    return { virtual_text = wait_for('the virtual text', function()
      local lines = virtual_text(buf)
      return #lines > 0 and lines
    end) }
  end)

  step('typing', function()
    -- A string typed without its closing quote (no quote pairing), completed as it is typed.
    local lnum = cursor_after(buf, '"ecr:BatchGetImage"')
    local words = complete_with('i, "ecr:InitiateLay<C-x><C-o>')
    return { words = words, line = line(buf, lnum) }
  end)
end

driver = coroutine.create(function()
  local ok, err = pcall(run)
  if not ok then result.error = tostring(err) end
  write_result()
  vim.cmd('qall!')
end)

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function() vim.schedule(function() assert(coroutine.resume(driver)) end) end,
})
