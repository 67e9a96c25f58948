local t = {year = 2021, month = 2, day = 31, hour = 12}
os.time(t)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday)
