console.log((process.memoryUsage().rss/1e6).toFixed(0))
