"""The web app's routes, one router per resource (`comparisons`, `groups`, `people`, `paste`,
`static`), each module listing its routes in its docstring; `web.app` includes them all."""
