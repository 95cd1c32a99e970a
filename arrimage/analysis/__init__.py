"""The territorial analysis — the « concertation des concertations »: overlaps, gaps, load, networks,
turnover, citizen participation and equity. Pure functions over the plain data of `inputs`, loaded by
`loading`; they never touch the request or the ORM inside their loops."""
