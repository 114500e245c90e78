module todo-chatbot/bench/loadgen

go 1.22
