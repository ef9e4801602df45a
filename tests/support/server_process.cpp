// crible-server as a process for the tests (declared in http.h): apart from the HTTP
// client, which the benchmarks link without the test framework.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "http.h"
#include "process.h"

namespace crible::test {

ServerProcess::ServerProcess(const std::filesystem::path& db,
                             const std::vector<std::string>& arguments,
                             const std::vector<std::string>& launcher) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  log_ = std::filesystem::temp_directory_path() /
         ("crible-server-" + std::to_string(::getpid()) + "-" +
          std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    const int err = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    ::close(out[0]);
    std::vector<std::string> args = launcher;
    for (const std::string& arg : {std::string(CRIBLE_SERVER), std::string("--db"), db.string(),
                                   std::string("--listen"), std::string("127.0.0.1:0")})
      args.push_back(arg);
    args.insert(args.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  // The first line on stdout names the port: "listening on http://127.0.0.1:PORT".
  std::string line;
  char c = 0;
  pollfd poller{out[0], POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::poll(&poller, 1, 100) <= 0) continue;
    if (::read(out[0], &c, 1) != 1) break;
    if (c == '\n') break;
    line += c;
  }
  ::close(out[0]);
  const std::size_t colon = line.rfind(':');
  if (line.rfind("listening on", 0) != 0 || colon == std::string::npos) {
    terminate();
    throw std::runtime_error("crible-server did not start: '" + line + "'; log: " + log());
  }
  port_ = std::stoi(line.substr(colon + 1));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
  std::error_code ignored;
  std::filesystem::remove(log_, ignored);
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 300; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      check_no_sanitizer_report(log(), "crible-server");
      const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // A failed stop is diagnosed from the server's own log.
      if (code != 0) std::cerr << "crible-server stopped with " << code << "; log:\n" << log();
      return code;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const {
  std::ifstream file(log_);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace crible::test
