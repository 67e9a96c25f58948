local i = debug.getinfo(1, "Slnu")
print(i.what, i.source, i.short_src, i.linedefined, i.lastlinedefined)
print(i.currentline, i.name, i.namewhat, i.nups, i.nparams, i.isvararg)
