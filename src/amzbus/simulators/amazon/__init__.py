"""A stateful simulator of Amazon's Selling Partner API, that python-amazon-sp-api cannot tell from Amazon.

``start_in_thread(port=0, seed=1, speed=1.0)`` for tests; ``amzbus simulator amazon`` for a process.
See README.md in this folder for what is faithful and what is not.
"""

from .server import RunningSimulator, start_in_thread
from .state import SimulatorState

__all__ = ["RunningSimulator", "SimulatorState", "start_in_thread"]
