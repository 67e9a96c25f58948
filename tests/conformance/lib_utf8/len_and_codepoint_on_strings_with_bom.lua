local bom = "\xEF\xBB\xBFtext"
print(utf8.len(bom), utf8.codepoint(bom), #bom)
print(utf8.char(0xFEFF) == "\xEF\xBB\xBF")
