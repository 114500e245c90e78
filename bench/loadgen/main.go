// Command loadgen drives the Todo Chatbot API with a mix of operations from
// many concurrent connections and prints, as JSON, the requests per second and
// the latency percentiles of each operation.
//
// Without -rate it runs a closed loop: each connection sends its next request
// when the previous answer arrives, which finds the most the server can do.
// With -rate it runs an open loop: requests are due at a fixed rate whatever
// the server does, and each latency is measured from when its request was due,
// so time spent waiting for a free connection counts (no coordinated omission).
//
// The load generator shares the machine with the server, so what it spends is
// taken from the server: a Python client tops out near 1,000 requests/s here,
// and Go's net/http client took 185 µs of CPU per request of the mix (0.3 of
// the two cores at capacity). fasthttp's client, made for this, takes 104 µs.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// Plan is written by bench/run.py: the users to act as and the vocabulary.
type Plan struct {
	Users []struct {
		Token   string   `json:"token"`
		TaskIDs []string `json:"task_ids"`
	} `json:"users"`
	Tags  []string `json:"tags"`
	Words []string `json:"words"`
	Today string   `json:"today"`
}

type sample struct {
	op      string
	latency time.Duration
	ok      bool
}

type opStats struct {
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	RPS    float64 `json:"rps"`
	P50    float64 `json:"p50_ms"`
	P95    float64 `json:"p95_ms"`
	P99    float64 `json:"p99_ms"`
	Max    float64 `json:"max_ms"`
}

type result struct {
	Seconds     float64             `json:"seconds"`
	Connections int                 `json:"connections"`
	Total       opStats             `json:"total"`
	Ops         map[string]*opStats `json:"ops"`
	ErrorSample []string            `json:"error_sample"`
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8000", "server base URL")
	planPath := flag.String("plan", "", "plan JSON (omit with -path for a single-URL run)")
	path := flag.String("path", "", "GET this path only (the minimal-endpoint run)")
	mix := flag.String("mix", "list=60,get=10,create=15,update=15", "operation weights")
	connections := flag.Int("c", 100, "concurrent connections")
	duration := flag.Duration("d", 30*time.Second, "measured duration")
	warmup := flag.Duration("warmup", 5*time.Second, "unmeasured warm-up")
	rate := flag.Float64("rate", 0, "requests per second in total (0: closed loop)")
	flag.Parse()

	var plan Plan
	if *path == "" {
		data, err := os.ReadFile(*planPath)
		check(err)
		check(json.Unmarshal(data, &plan))
	}
	weights := parseMix(*mix)
	parsed, err := url.Parse(*base)
	check(err)
	client := &fasthttp.HostClient{
		Addr:                parsed.Host,
		MaxConns:            *connections,
		MaxIdleConnDuration: 60 * time.Second,
		ReadTimeout:         30 * time.Second,
		WriteTimeout:        30 * time.Second,
		MaxConnWaitTimeout:  30 * time.Second,
	}

	var mu sync.Mutex
	var samples []sample
	var errorSample []string
	measuring := false
	stop := make(chan struct{})
	var tickets chan time.Time
	if *rate > 0 {
		tickets = make(chan time.Time, 1<<20)
		go schedule(tickets, *rate, stop)
	}
	var wg sync.WaitGroup
	for i := 0; i < *connections; i++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			req := fasthttp.AcquireRequest()
			resp := fasthttp.AcquireResponse()
			local := make([]sample, 0, 4096)
			for {
				var due time.Time
				if tickets != nil {
					select {
					case <-stop:
						mu.Lock()
						samples = append(samples, local...)
						mu.Unlock()
						return
					case due = <-tickets:
					}
				} else {
					select {
					case <-stop:
						mu.Lock()
						samples = append(samples, local...)
						mu.Unlock()
						return
					default:
					}
				}
				op := "ping"
				req.Reset()
				if *path != "" {
					req.SetRequestURI(*base + *path)
				} else {
					op = pick(rng, weights)
					build(req, rng, op, *base, &plan)
				}
				started := time.Now()
				if !due.IsZero() {
					started = due
				}
				err := client.Do(req, resp)
				ok := false
				detail := ""
				if err == nil {
					ok = resp.StatusCode() < 300
					if !ok {
						detail = fmt.Sprintf("%s %s -> %d %s", req.Header.Method(), req.URI().Path(), resp.StatusCode(), truncate(string(resp.Body()), 200))
					}
				} else {
					detail = err.Error()
				}
				elapsed := time.Since(started)
				mu.Lock()
				on := measuring
				if !ok && len(errorSample) < 10 {
					errorSample = append(errorSample, detail)
				}
				mu.Unlock()
				if on {
					local = append(local, sample{op, elapsed, ok})
				}
			}
		}(int64(i) + 1)
	}
	time.Sleep(*warmup)
	mu.Lock()
	measuring = true
	errorSample = nil
	mu.Unlock()
	start := time.Now()
	time.Sleep(*duration)
	mu.Lock()
	measuring = false
	mu.Unlock()
	seconds := time.Since(start).Seconds()
	close(stop)
	wg.Wait()

	res := result{Seconds: seconds, Connections: *connections, Ops: map[string]*opStats{}, ErrorSample: errorSample}
	byOp := map[string][]time.Duration{}
	errors := map[string]int{}
	var all []time.Duration
	for _, s := range samples {
		byOp[s.op] = append(byOp[s.op], s.latency)
		all = append(all, s.latency)
		if !s.ok {
			errors[s.op]++
		}
	}
	for op, latencies := range byOp {
		res.Ops[op] = summarize(latencies, errors[op], seconds)
	}
	total := 0
	for _, n := range errors {
		total += n
	}
	res.Total = *summarize(all, total, seconds)
	out, _ := json.MarshalIndent(res, "", "  ")
	fmt.Println(string(out))
}

// schedule issues one ticket per request at the given rate until stop closes.
func schedule(tickets chan<- time.Time, rate float64, stop <-chan struct{}) {
	interval := time.Duration(float64(time.Second) / rate)
	next := time.Now()
	for {
		now := time.Now()
		for !next.After(now) {
			tickets <- next
			next = next.Add(interval)
		}
		select {
		case <-stop:
			return
		case <-time.After(next.Sub(now)):
		}
	}
}

func build(req *fasthttp.Request, rng *rand.Rand, op, base string, plan *Plan) {
	user := plan.Users[rng.Intn(len(plan.Users))]
	switch op {
	case "list":
		req.SetRequestURI(base + "/api/tasks?" + listQuery(rng, plan))
	case "get":
		req.SetRequestURI(base + "/api/tasks/" + user.TaskIDs[rng.Intn(len(user.TaskIDs))])
	case "create":
		body, _ := json.Marshal(map[string]any{
			"title":    "Bench " + plan.Words[rng.Intn(len(plan.Words))] + fmt.Sprintf(" %d", rng.Intn(1000)),
			"priority": []string{"high", "medium", "low"}[rng.Intn(3)],
			"tags":     []string{plan.Tags[rng.Intn(len(plan.Tags))]},
			"due":      shiftDate(plan.Today, rng.Intn(60)-10),
		})
		req.Header.SetMethod("POST")
		req.SetRequestURI(base + "/api/tasks")
		req.Header.SetContentType("application/json")
		req.SetBody(body)
	case "update":
		id := user.TaskIDs[rng.Intn(len(user.TaskIDs))]
		if rng.Intn(3) == 0 {
			req.Header.SetMethod("POST")
			req.SetRequestURI(base + "/api/tasks/" + id + "/complete")
		} else {
			body, _ := json.Marshal(map[string]any{
				"priority": []string{"high", "medium", "low"}[rng.Intn(3)],
				"due":      shiftDate(plan.Today, rng.Intn(30)),
			})
			req.Header.SetMethod("PATCH")
			req.SetRequestURI(base + "/api/tasks/" + id)
			req.Header.SetContentType("application/json")
			req.SetBody(body)
		}
	}
	req.Header.Set("Authorization", "Bearer "+user.Token)
}

// listQuery is one of the lists people ask for: filters, sorts, keyword search.
func listQuery(rng *rand.Rand, plan *Plan) string {
	tag := plan.Tags[rng.Intn(len(plan.Tags))]
	word := plan.Words[rng.Intn(len(plan.Words))]
	q := url.Values{}
	switch rng.Intn(12) {
	case 0:
	case 1:
		q.Set("sort", "due")
	case 2:
		q.Set("priority", "high")
		q.Set("sort", "due")
	case 3:
		q.Set("tag", tag)
	case 4:
		q.Set("tag", tag)
		q.Add("priority", "high")
		q.Add("priority", "medium")
		q.Set("sort", "priority")
	case 5:
		q.Set("due_from", plan.Today)
		q.Set("due_to", shiftDate(plan.Today, 7))
		q.Set("sort", "due")
	case 6:
		q.Set("overdue", "true")
		q.Set("sort", "due")
	case 7:
		q.Set("q", word)
	case 8:
		q.Set("q", word)
		q.Set("status", "all")
		q.Set("sort", "due")
	case 9:
		q.Set("status", "completed")
		q.Set("limit", "20")
	case 10:
		q.Set("sort", "title")
	case 11:
		q.Set("status", "all")
		q.Set("sort", "due")
		q.Set("order", "desc")
		q.Set("limit", "20")
	}
	return q.Encode()
}

func shiftDate(day string, days int) string {
	t, err := time.Parse("2006-01-02", day)
	check(err)
	return t.AddDate(0, 0, days).Format("2006-01-02")
}

func parseMix(mix string) map[string]int {
	weights := map[string]int{}
	for _, part := range strings.Split(mix, ",") {
		var name string
		var weight int
		_, err := fmt.Sscanf(strings.Replace(part, "=", " ", 1), "%s %d", &name, &weight)
		check(err)
		weights[name] = weight
	}
	return weights
}

func pick(rng *rand.Rand, weights map[string]int) string {
	names := make([]string, 0, len(weights))
	total := 0
	for name, weight := range weights {
		names = append(names, name)
		total += weight
	}
	sort.Strings(names)
	roll := rng.Intn(total)
	for _, name := range names {
		roll -= weights[name]
		if roll < 0 {
			return name
		}
	}
	return names[len(names)-1]
}

func summarize(latencies []time.Duration, errors int, seconds float64) *opStats {
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	quantile := func(q float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		index := int(q * float64(len(latencies)-1))
		return float64(latencies[index].Microseconds()) / 1000
	}
	return &opStats{
		Count:  len(latencies),
		Errors: errors,
		RPS:    float64(len(latencies)) / seconds,
		P50:    quantile(0.50),
		P95:    quantile(0.95),
		P99:    quantile(0.99),
		Max:    quantile(1.0),
	}
}

func truncate(text string, limit int) string {
	if len(text) > limit {
		return text[:limit]
	}
	return text
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
}
