import sys

from responder.launch import main

sys.exit(main())
