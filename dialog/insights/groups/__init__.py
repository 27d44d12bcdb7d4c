"""Opinion groups: residents who rate a plan's goals alike, found as pol.is finds them.

`maths` holds the method (no database), `services` reads the ratings and stores each plan's
result (`models`), computed by a background job, `views` is the officials' page and
`presentation` turns a stored result into what the pages, the report and the public page show.
"""
