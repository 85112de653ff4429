from amzbus.ops.cli import main

main()
