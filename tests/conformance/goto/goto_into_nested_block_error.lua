goto inner
do
  ::inner::
  print("unreachable")
end
