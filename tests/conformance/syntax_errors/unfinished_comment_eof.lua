print(1)
--[[ unterminated comment at eof is an error