local t = {}
t.short_key = 1
t.this_is_a_very_long_key_name_with_more_than_forty_characters = 2
print(t.this_is_a_very_long_key_name_with_more_than_forty_characters)
t["exactly_forty_characters_long_key_name__"] = 3
t["exactly_forty_one_characters_long_key_nam"] = 4
gvar_with_a_very_long_name_that_exceeds_the_forty_limit = 5
print(gvar_with_a_very_long_name_that_exceeds_the_forty_limit)
return t
