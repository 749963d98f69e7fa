"""The report: findings and their counts (`findings`), rule anchors and
texts (`ruledocs`), writing to the terminal and files (`output`), JSON and
YAML written as they are made (`emit`) and JUnit XML (`junit`)."""
