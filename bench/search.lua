-- Rotates through typical citizen queries (folded and with diacritics) so no single answer is measured.
local queries = {
  "giay%20phep%20xay%20dung", "khai%20sinh", "dang%20ky%20kinh%20doanh", "ly%20lich%20tu%20phap",
  "dat%20dai", "giay%20phep%20lai%20xe", "k%E1%BA%BFt%20h%C3%B4n", "ho%20kinh%20doanh", "dau%20tu",
  "bao%20tro%20xa%20hoi", "chung%20thuc", "giay%20phep", "cap%20lai", "thay%20doi&field=ho-tich",
  "dang%20ky%20dunh", "giay%20ph",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/procedures?q=" .. queries[(i % #queries) + 1])
end
