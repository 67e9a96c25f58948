utf8.codepoint("\xff")
