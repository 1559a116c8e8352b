-- Rotates through what the suggestion box sends while people type: a phrase with its last word cut
-- short (from its first letter), an everyday word being typed, keyboard leftovers half typed.
local queries = {
  "giay%20phep%20xa", "gi%E1%BA%A5y%20ph%C3%A9p%20l", "gi%E1%BA%A5y%20ph%C3%A9p%20la", "%C4%91%C4%83ng%20k%C3%BD%20k",
  "%C4%91%C4%83ng%20k%C3%BD%20k%E1%BA%BFt%20h", "s%E1%BB%95%20h", "s%E1%BB%95%20h%E1%BB%93", "gpl", "kh", "khai%20s",
  "ddawng%20kys%20ke", "d9a8ng%20ky1%20ta", "ly%20lich%20tu%20p", "cap%20lai%20giay%20phep%20lai%20x",
  "thu%20tuc%20xin%20giay%20phep%20xay%20d", "driving%20lic",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/suggest?q=" .. queries[(i % #queries) + 1])
end
