print("a comment at the very end of the file has no newline")
-- final comment