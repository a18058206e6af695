# gnuplot -e "dir='docs/benchmarks'" bench/plots.gp   (data from bench/summarize.py)
set terminal pngcairo size 900,540 noenhanced font ",11"
set grid
set key top left

set output dir."/latency-vs-rate-100.png"
set title "Room of 100: latency vs offered deliveries/s (open loop)"
set xlabel "offered deliveries/s"; set ylabel "latency (ms)"; set logscale y
plot dir."/sweep-100-natter.dat" u 1:3 w lp t "natterd p99", "" u 1:2 w lp t "natterd p50", \
     dir."/sweep-100-peer.dat" u 1:3 w lp t "chat-multi p99", "" u 1:2 w lp t "chat-multi p50"

set output dir."/latency-vs-rate-1000.png"
set title "Room of 1000: latency vs offered deliveries/s (open loop)"
plot dir."/sweep-1000-natter.dat" u 1:3 w lp t "natterd p99", "" u 1:2 w lp t "natterd p50", \
     dir."/sweep-1000-peer.dat" u 1:3 w lp t "chat-multi p99", "" u 1:2 w lp t "chat-multi p50"
unset logscale y

set output dir."/deliveries-vs-room.png"
set title "Deliveries per server CPU-second vs room size (fixed-rate fanout)"
set xlabel "room size (connections)"; set ylabel "deliveries per CPU-second"; set logscale x
plot dir."/fanout.dat" u 1:2 w lp t "natterd", "" u 1:3 w lp t "chat-multi"
unset logscale x

set output dir."/memory-vs-connections.png"
set title "Server RSS growth vs idle connections"
set xlabel "connections"; set ylabel "RSS growth (MiB)"
plot dir."/idle.dat" u 1:2 w lp t "natterd (authenticated, synced)", "" u 1:3 w lp t "chat-multi"
