-- Rotates through queries as citizens type them — plain, with fillers, everyday words and
-- abbreviations read through the synonyms, keyboard leftovers, typos, an unknown word that falls
-- back to partial matches, and English — so no single answer is measured.
local queries = {
  "giay%20phep%20xay%20dung", "khai%20sinh", "dang%20ky%20kinh%20doanh", "ly%20lich%20tu%20phap",
  "dat%20dai", "giay%20phep%20lai%20xe", "k%E1%BA%BFt%20h%C3%B4n", "ho%20kinh%20doanh", "dau%20tu",
  "bao%20tro%20xa%20hoi", "chung%20thuc", "giay%20phep", "cap%20lai", "thay%20doi&field=ho-tich",
  "dang%20ky%20dunh", "giay%20ph",
  -- fillers
  "th%E1%BB%A7%20t%E1%BB%A5c%20xin%20gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng%20%E1%BB%9F%20%C4%91%C3%A2u",
  "l%C3%A0m%20gi%E1%BA%A5y%20khai%20sinh%20cho%20con%20c%E1%BA%A7n%20gi%E1%BA%A5y%20t%E1%BB%9D%20g%C3%AC",
  -- everyday words and abbreviations
  "s%E1%BB%95%20h%E1%BB%93ng", "GPLX", "c%C3%B4ng%20ty%20TNHH", "%C4%90KKD", "b%E1%BA%B1ng%20l%C3%A1i%20xe",
  -- keyboard leftovers (Telex, VNI)
  "ddawng%20kys%20keets%20hoon", "d9a8ng%20ky1%20ta5m%20tru1", "giaays%20pheps%20lais%20xe",
  -- i/y and tone placement, typos, a word the catalogue cannot have, English
  "%C4%91%C4%83ng%20k%C3%AD%20t%E1%BA%A1m%20tr%C3%BA", "hoa%CC%80%20gia%CC%89i", "dang%20ki%20ket%20hom",
  "gi%E1%BA%A5y%20ph%C3%A9p%20x%C3%A2y%20d%E1%BB%B1ng%20qu%E1%BA%ADn%203", "driving%20licence%20renewal",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/procedures?q=" .. queries[(i % #queries) + 1])
end
