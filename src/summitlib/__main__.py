"""``python -m summitlib``: the same command line as the ``summitlib`` script."""

from summitlib.cli import main

if __name__ == "__main__":
    main()
