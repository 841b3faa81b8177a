"""A bench-only Django site for `bench/load.py`: the demo site plus one bare endpoint.

Only `bench/load.py` puts this folder on the path of the servers it starts; the platform
itself never imports it.
"""
