#pragma once
// The one error type of MoE Studio's core. Everything that is wrong with the user's input (a file, a
// tensor, a config key) is reported by throwing moe::Error with enough context to fix it: the CLI prints
// what() on one line and exits 2, the GUI shows it in a dialog.

#include <stdexcept>
#include <string>

namespace moe {

class Error : public std::runtime_error {
public:
    struct Context {
        std::string file;    // path of the offending file, if any
        std::string tensor;  // tensor name, if any
        std::string key;     // config / JSON key, if any
    };

    explicit Error(const std::string& message, Context context = {});

    const std::string& message() const { return m_message; }
    const Context& context() const { return m_context; }

private:
    static std::string format(const std::string& message, const Context& context);

    std::string m_message;
    Context m_context;
};

}  // namespace moe
