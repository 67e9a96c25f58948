do
  goto foo
end
