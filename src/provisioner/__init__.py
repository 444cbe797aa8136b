"""provisioner: configure a city's school, Kita and youth-centre IT from one site registry."""

__version__ = "0.1.0"
