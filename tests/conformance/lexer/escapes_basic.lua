-- the single-character escapes, checked by their decimal equivalents
print("\a" == "\7", "\b" == "\8", "\f" == "\12", "\n" == "\10")
print("\r" == "\13", "\t" == "\9", "\v" == "\11")
print("\\" == "\92", "\"" == "\34", "\'" == "\39")
print(#"\a\b\f\n\r\t\v\\\"\'")
print("tab:\tend")
print("quote: \" and \' and \\")
print('single "quoted" \'str\'')
print("line1\nline2")
print("a\
b")
print(#"a\
b")
